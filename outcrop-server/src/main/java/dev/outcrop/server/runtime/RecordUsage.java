package dev.outcrop.server.runtime;

/**
 * The stage writing the call's usage record and waiting until it is durable, so that no answer completes (and
 * no failure reaches the caller) before its record is: what it used, or what it had used when it failed.
 */
final class RecordUsage implements Stage {
    @Override
    public void apply(RuntimeCall call) {
        if (!call.invokesModel()) {
            return;
        }
        call.meter().recordDurably(call.invocation(), call.failure());
        if (call.failure() != null) {
            throw call.failure();
        }
    }
}
