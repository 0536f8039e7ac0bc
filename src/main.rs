// A build allocates and frees millions of small strings on every core; mimalloc's per-thread
// heaps do that in a fifth less CPU than glibc malloc (bench/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    redakt::cli::main()
}
