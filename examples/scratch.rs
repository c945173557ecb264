use casebook::vault::{OpenOptions, Vault};
use secrecy::SecretString;
use std::time::Instant;
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from("/tmp/bench200k/stats");
    let passphrase = SecretString::from("amber river lantern quietly".to_owned());
    for wipe in [true, false] {
        let vault = Vault::open_with(
            &dir,
            &passphrase,
            OpenOptions {
                wipe_memory: wipe,
                ..OpenOptions::default()
            },
        )?;
        let conn = vault.diagnostic_connection();
        for _ in 0..2 {
            let t = Instant::now();
            let mut stmt = conn.prepare("SELECT facts FROM case_facts")?;
            let mut rows = stmt.query([])?;
            let mut bytes = 0usize;
            while let Some(row) = rows.next()? {
                bytes += row.get_ref(0)?.as_str()?.len();
            }
            let raw = t.elapsed();
            let t = Instant::now();
            let mut n = 0;
            vault.for_each_facts(|_| n += 1)?;
            let parsed = t.elapsed();
            let t = Instant::now();
            let _c: i64 = conn.query_row("SELECT count(*) FROM case_facts", [], |r| r.get(0))?;
            let count = t.elapsed();
            println!(
                "wipe={wipe} raw-scan={:?} bytes={bytes} for_each_facts={:?} count={:?}",
                raw, parsed, count
            );
        }
        drop(vault);
    }
    Ok(())
}
