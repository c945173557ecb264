use std::process::ExitCode;

fn main() -> ExitCode {
    casebook::cli::main()
}
