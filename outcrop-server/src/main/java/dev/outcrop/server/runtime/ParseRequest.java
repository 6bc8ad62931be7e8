package dev.outcrop.server.runtime;

/** The stage reading and validating the operation's request members into the neutral request (its codec's job). */
final class ParseRequest implements Stage {
    @Override
    public void apply(RuntimeCall call) {
        call.request(call.operation().parse(call));
    }
}
