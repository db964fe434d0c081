fn main() -> std::process::ExitCode {
    consult::cli::main()
}
