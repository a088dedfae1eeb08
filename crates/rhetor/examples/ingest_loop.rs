fn main() {
    let files: Vec<(String, Vec<u8>)> = std::env::args()
        .skip(1)
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect();
    let options = rhetor::Options::default();
    let start = std::time::Instant::now();
    for _ in 0..2 {
        for (id, b) in &files {
            let _ = rhetor::ingest(rhetor::Input::bytes(id.as_str(), b.clone()), &options);
        }
    }
    let s = start.elapsed().as_secs_f64();
    println!("{:.0} pages/s", 2.0 * files.len() as f64 / s);
}
