// How a process that hit its address-space limit (prlimit --as) says so: Go's runtime ("fatal
// error: out of memory", "runtime: out of memory: cannot allocate"), C's ENOMEM text, C++'s
// std::bad_alloc, Python's MemoryError, V8's reservation failure.
const OUT_OF_MEMORY =
  /fatal error: out of memory|runtime: out of memory|cannot allocate memory|std::bad_alloc|\bMemoryError\b|Failed to reserve virtual memory|JavaScript heap out of memory|out of memory/i;

export function isOutOfMemory(stderr: string): boolean {
  return OUT_OF_MEMORY.test(stderr);
}
