package com.mangahub.sync.workflow;

/** Told after each stored page of an import; the CLI draws its progress bar from it. */
@FunctionalInterface
public interface ImportProgress {
    ImportProgress NONE = (done, target) -> { };

    void advanced(int done, int target);
}
