"""Resource limits of a case process (Python 3.7+, standard library)."""
import os


def limit_memory(budget_mb):
    """Cap this process's address space at its current size plus `budget_mb`.

    Called in the case process after TensorFlow is loaded, so the cap bounds
    what the case itself allocates: a runaway allocation then fails inside the
    case (MemoryError, or an abort) instead of waking the OOM killer, which
    might pick the parent.
    """
    if not budget_mb:
        return
    try:
        import resource
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[0])
        current = pages * os.sysconf("SC_PAGE_SIZE")
        limit = current + int(budget_mb) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, OSError, ValueError):
        pass  # no /proc or no resource module: run without the cap
