//! Handing memory the program has freed back to the system between the phases of a run.

/// Returns the free pages of the allocator to the system. glibc keeps the pages of freed
/// blocks mapped when other blocks sit around them, and they count in the peak memory of
/// the phases after: returning those of the recordings the scan drops lowers the peak of
/// the 150 MB benchmark by about 8 MB (the bar is 2x the input), for about 1.5 ms. A no-op
/// where the allocator is not glibc's.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only gives free pages of glibc's heaps back to the system; it
    // takes the heaps' locks and touches no block the program holds.
    unsafe {
        libc::malloc_trim(0);
    }
}
