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
    if plainly_english(&text[..end]) {
        return Some("en".to_string());
    }
    let info = whatlang::detect(&text[..end]).filter(whatlang::Info::is_reliable)?;
    let code = info.lang().code();
    Some(two_letter(code).unwrap_or(code).to_string())
}

/// English words that no other language writes often, and the share of a text's words they
/// make up from which the text is English: about a fifth of the words of English prose, hardly
/// any in other languages (Dutch "is" and German "was" are one each; a foreign text quoting an
/// English phrase stays far below).
const ENGLISH_MARKERS: &[&str] = &[
    "the", "and", "of", "to", "that", "with", "for", "this", "from", "have", "which", "would",
];
const ENGLISH_SHARE: f32 = 0.12;
/// Fewer words than this are left to the trigram statistics.
const ENGLISH_MIN_WORDS: usize = 40;

/// Whether `sample` is English prose beyond doubt, told from its commonest words: most texts
/// rhetor reads are, and the trigram statistics cost 5% of all analysis.
fn plainly_english(sample: &str) -> bool {
    let (mut words, mut markers, mut accented) = (0usize, 0usize, 0usize);
    for word in sample.split(|c: char| !c.is_alphabetic()) {
        if word.is_empty() {
            continue;
        }
        words += 1;
        accented += usize::from(!word.is_ascii());
        markers += usize::from(
            word.len() <= 5 && ENGLISH_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(word)),
        );
    }
    // Accents or another script in more than a word in twenty: let the statistics decide.
    words >= ENGLISH_MIN_WORDS
        && accented * 20 <= words
        && markers as f32 >= words as f32 * ENGLISH_SHARE
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

    /// Long English prose is told by its commonest words; other languages, even those that
    /// share some ("of" is Dutch for "or"), go to the statistics.
    #[test]
    fn english_by_its_commonest_words_and_no_other_language() {
        let english = "The harbour council met on Monday to decide whether the night ferries \
                       should keep running through the winter. Most of the members said that \
                       the service, which carries some four hundred people a night, would have \
                       to be paid for from the levy, and that the levy was already too high for \
                       the small shops along the quay. The mayor said she would ask the port \
                       authority for help.";
        assert!(plainly_english(english));
        assert_eq!(identify(english).as_deref(), Some("en"));
        for (text, code) in [
            (
                "De gemeenteraad kwam maandag bijeen om te beslissen of de nachtveerboten de \
                 hele winter moeten blijven varen. De meeste leden zeiden dat de dienst, die \
                 elke nacht zo'n vierhonderd mensen vervoert, uit de heffing moet worden \
                 betaald, en dat de heffing al te hoog is voor de kleine winkels aan de kade. \
                 De burgemeester zei dat zij het havenbedrijf om hulp zou vragen of om geld.",
                "nl",
            ),
            (
                "Der Hafenrat traf sich am Montag, um zu entscheiden, ob die Nachtfähren den \
                 ganzen Winter über fahren sollen. Die meisten Mitglieder sagten, der Dienst, \
                 der jede Nacht etwa vierhundert Menschen befördert, müsse aus der Abgabe \
                 bezahlt werden, und die Abgabe sei für die kleinen Läden am Kai schon zu \
                 hoch. Die Bürgermeisterin sagte, sie werde die Hafenbehörde um Hilfe bitten.",
                "de",
            ),
            (
                "Le conseil du port s'est réuni lundi pour décider si les traversiers de nuit \
                 doivent continuer à circuler tout l'hiver. La plupart des membres ont dit que \
                 le service, qui transporte quelque quatre cents personnes chaque nuit, devait \
                 être payé par la taxe, et que la taxe était déjà trop élevée pour les petits \
                 commerces du quai. La maire a dit qu'elle demanderait de l'aide au port.",
                "fr",
            ),
            (
                "El consejo del puerto se reunió el lunes para decidir si los transbordadores \
                 nocturnos deben seguir funcionando todo el invierno. La mayoría de los \
                 miembros dijo que el servicio, que lleva a unas cuatrocientas personas cada \
                 noche, debía pagarse con el impuesto, y que el impuesto ya era demasiado alto \
                 para las pequeñas tiendas del muelle. La alcaldesa dijo que pediría ayuda.",
                "es",
            ),
        ] {
            assert!(!plainly_english(text), "{code}");
            assert_eq!(identify(text).as_deref(), Some(code));
        }
    }
}
