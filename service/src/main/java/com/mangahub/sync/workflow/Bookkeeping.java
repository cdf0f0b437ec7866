package com.mangahub.sync.workflow;

/**
 * A step that must reach the database even on a thread that shutdown has interrupted: a run's state row, a lock's
 * release, a rate-budget slot's release. An interrupted thread cannot borrow a pooled connection (the pool refuses
 * it), so the step runs with the interrupt set aside, and the interrupt is restored afterwards.
 */
@FunctionalInterface
interface Bookkeeping<E extends Exception> {
    void run() throws E;

    static <E extends Exception> void uninterrupted(Bookkeeping<E> step) throws E {
        boolean interrupted = Thread.interrupted();
        try {
            step.run();
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
