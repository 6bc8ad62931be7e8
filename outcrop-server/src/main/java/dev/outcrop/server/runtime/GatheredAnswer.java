package dev.outcrop.server.runtime;

import dev.outcrop.invoke.ChatAccumulator;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.ChatResult;
import dev.outcrop.server.Reply;
import java.util.function.Consumer;

/** The answer of a plain (not streamed) reply: the events gathered, rendered once the call is on record. */
final class GatheredAnswer extends AnswerSink {
    /** Renders the gathered answer of a call. */
    @FunctionalInterface
    interface Rendering {
        Reply render(RuntimeCall call, ChatResult result);
    }

    private final ChatAccumulator answer = new ChatAccumulator();
    private final Rendering rendering;

    private GatheredAnswer(Rendering rendering) {
        this.rendering = rendering;
    }

    /** Runs the answering stages into a gathered answer at once and returns its rendering. */
    static Reply reply(RuntimeCall call, Consumer<AnswerSink> answering, Rendering rendering) {
        answering.accept(new GatheredAnswer(rendering));
        return call.reply();
    }

    @Override
    public void accept(ChatEvent event) {
        answer.accept(event);
    }

    @Override
    Reply complete(RuntimeCall call) {
        return rendering.render(call, answer.result());
    }
}
