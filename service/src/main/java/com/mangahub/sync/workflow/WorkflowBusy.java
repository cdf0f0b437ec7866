package com.mangahub.sync.workflow;

/** The workflow is running right now (on this or another instance); one run at a time. */
public final class WorkflowBusy extends RuntimeException {
    WorkflowBusy(String workflow) {
        super(workflow + " is already running (on this or another instance); try again when it is done");
    }
}
