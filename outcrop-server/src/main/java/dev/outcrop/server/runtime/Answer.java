package dev.outcrop.server.runtime;

/** The stage completing the answer once it is on record: the plain reply rendered, or a stream's last frames sent. */
final class Answer implements Stage {
    @Override
    public void apply(RuntimeCall call) {
        call.reply(call.answer().complete(call));
    }
}
