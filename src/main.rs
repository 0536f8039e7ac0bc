fn main() -> std::process::ExitCode {
    redakt::cli::main()
}
