//! The process allocator, mimalloc, and the one option `connectorc` sets on it.
//!
//! The compiler's large values are often built on one thread and freed on another: a document
//! tree parsed in two halves, the second on a scoped thread that has ended by the time the
//! tree is freed; a spec model handed to `drop_later`. A block freed from a page whose thread
//! has ended takes mimalloc's slow path, and by default that path keeps the page apart, so every
//! later free into it takes the slow path too. Letting the freeing thread take such pages over
//! (`page_reclaim_on_free` = 1) removed that path's cost: callgrind counted 5% fewer
//! instructions for `connectorc import` of a 10,000-operation document and 7% fewer for
//! `connectorc check` of its spec, where the slow path's share had depended on which thread
//! happened to end first.

/// The allocator every command runs on: mimalloc serves the millions of small values
/// (document trees, spec models, tokens) from thread-local pages with far fewer page faults
/// than the system allocator. The scaling bench (`perf/`) runs on it too, with the same option.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc 3's index of `page_reclaim_on_free` (`mi_option_t`), which `libmimalloc-sys` does
/// not name; the test below holds it to the option's name.
const PAGE_RECLAIM_ON_FREE: libmimalloc_sys::mi_option_t = 35;

/// Lets a thread that frees into a page of an ended thread take the page over. Called first in
/// `main`, before any thread starts.
pub fn tune() {
    // SAFETY: mimalloc's options are plain values it reads on its slow paths; setting one is
    // not synchronised, which is why this runs before the process starts a thread.
    unsafe { libmimalloc_sys::mi_option_set(PAGE_RECLAIM_ON_FREE, 1) };
}

#[cfg(test)]
mod tests {
    use std::ffi::{c_char, c_void, CStr};

    extern "C" {
        /// mimalloc's listing of its options as `option 'NAME': VALUE` lines, each handed to
        /// `out` with `arg`.
        fn mi_options_print_out(out: libmimalloc_sys::mi_output_fun, arg: *mut c_void);
    }

    unsafe extern "C" fn collect(message: *const c_char, arg: *mut c_void) {
        // SAFETY: mimalloc passes a NUL-terminated message and the `arg` given below.
        let (message, text) = unsafe { (CStr::from_ptr(message), &mut *(arg as *mut String)) };
        text.push_str(&message.to_string_lossy());
    }

    #[test]
    fn the_option_set_is_page_reclaim_on_free() {
        super::tune();
        let mut listing = String::new();
        // SAFETY: `collect` reads the message and appends it to `listing`, which outlives the call.
        unsafe { mi_options_print_out(Some(collect), &mut listing as *mut String as *mut c_void) };
        assert!(
            listing.contains("option 'page_reclaim_on_free': 1"),
            "mimalloc's options:\n{listing}"
        );
    }
}
