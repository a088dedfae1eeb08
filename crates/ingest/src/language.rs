//! The language a text is written in, when its page does not say: trigram statistics
//! (`whatlang`) over the start of the text, kept only when the answer is reliable.

/// How much of the text is read: enough for a clear answer, and the same cost for any length.
const SAMPLE_BYTES: usize = 3_000;

/// The language of `text` as a BCP 47 primary subtag ("en", "ar", "zh"), or `None` when the
/// text is too short or too mixed to tell.
pub fn identify(text: &str) -> Option<String> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end]).filter(whatlang::Info::is_reliable)?;
    let code = info.lang().code();
    Some(two_letter(code).unwrap_or(code).to_string())
}

/// The ISO 639-1 code of an ISO 639-3 one, where there is one (BCP 47 prefers it).
fn two_letter(code: &str) -> Option<&'static str> {
    Some(match code {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" => "zh",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nob" => "nb",
        "ori" => "or",
        "pan" => "pa",
        "pes" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifies_articles_and_leaves_scraps_alone() {
        let english = "The harbour council met on Monday to decide whether the night ferries \
                       should keep running through the winter, and most members said they should.";
        assert_eq!(identify(english).as_deref(), Some("en"));
        let arabic = "قال رئيس المجلس إن الاجتماع سيعقد في المدينة يوم الجمعة المقبل لمناقشة \
                      خطة النقل الجديدة التي أعلنتها البلدية الأسبوع الماضي.";
        assert_eq!(identify(arabic).as_deref(), Some("ar"));
        let russian = "Городской совет собрался в понедельник, чтобы решить, будут ли ночные \
                       паромы ходить всю зиму, и большинство депутатов высказались за.";
        assert_eq!(identify(russian).as_deref(), Some("ru"));
        assert_eq!(identify("OK"), None);
        assert_eq!(identify(""), None);
    }
}
