//! `portal`: serves the crime-reporting portal; `portal partner add|disable <name>` manages the
//! partners that may use its API.

use std::process::ExitCode;

use server::{
    cli::{self, Invocation},
    config::Config,
    db, shutdown_signal, telemetry,
};

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let invocation = match cli::parse(&args) {
        Ok(invocation) => invocation,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    if invocation == Invocation::Help {
        println!("{}", cli::USAGE);
        return ExitCode::SUCCESS;
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("The portal cannot start: {error}");
            return ExitCode::from(2);
        }
    };
    match invocation {
        Invocation::Partner(command) => return cli::run(&config, command).await,
        Invocation::ReportShow { reference, reason } => {
            return cli::show_report(&config, &reference, &reason).await
        }
        Invocation::ReportChange(reference, change) => {
            return cli::change_report(&config, &reference, &change).await
        }
        Invocation::Staff(command) => return cli::run_staff(&config, command).await,
        Invocation::SurveyInvite(reference) => return cli::invite_to_survey(&config, &reference).await,
        Invocation::Serve | Invocation::Help => {}
    }
    let allocator = match server::allocation::Allocator::load(config.allocation_rules.as_deref()) {
        Ok(allocator) => allocator,
        Err(error) => {
            eprintln!("The portal cannot start: {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.json_logs);
    telemetry::install_panic_hook();
    match run(config, allocator).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("the portal stopped: {error:#}");
            eprintln!("The portal stopped: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: Config, allocator: server::allocation::Allocator) -> anyhow::Result<()> {
    std::fs::create_dir_all(&config.data_dir)?;
    let shutdown = shutdown_signal()?;
    let pool = db::connect(&config.database_url).await?;
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, "listening");
    println!("The portal is running at http://{addr}/ (press Ctrl-C to stop)");
    server::serve(&config, allocator, pool, listener, shutdown).await
}
