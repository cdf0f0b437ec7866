package com.mangahub.sync.cli;

import java.io.PrintWriter;

/** A reader's command that asks the running service something and prints what it answers. */
abstract class ClientCall extends ReaderCall {
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        run(options.client(), out);
        out.flush();
        return ExitCode.OK;
    }

    abstract void run(ServiceClient client, PrintWriter out);
}
