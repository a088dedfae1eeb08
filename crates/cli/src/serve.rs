//! `rhetor serve`: the web app over a store.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The store to serve (written by `rhetor index`).
    #[arg(long)]
    store: PathBuf,
    /// Where to listen. Beyond loopback, writes need --token (or serve --read-only).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Never store anything: the analyse page shows results only.
    #[arg(long)]
    read_only: bool,
    /// The token a write must carry (`Authorization: Bearer TOKEN`).
    #[arg(long)]
    token: Option<String>,
}

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    rhetor_serve::serve(rhetor_serve::Config {
        store: args.store,
        addr: args.addr,
        read_only: args.read_only,
        token: args.token,
    })?;
    Ok(())
}
