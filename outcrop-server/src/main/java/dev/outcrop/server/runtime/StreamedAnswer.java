package dev.outcrop.server.runtime;

import dev.outcrop.server.OperationCall;
import dev.outcrop.server.Reply;
import java.time.Duration;

/** The answer of a stream: frames sent as the events come, with the serving region's headers before the first. */
abstract class StreamedAnswer extends AnswerSink {
    final Reply.EventSink out;
    private final OperationCall call;
    private final RuntimeCall headers;

    StreamedAnswer(Reply.EventSink out, RuntimeCall call) {
        this.out = out;
        this.call = call.wire();
        this.headers = call;
    }

    @Override
    public final void servingRegion(String region, Duration providerTime) {
        out.header(RuntimeOperations.SERVED_REGION_HEADER, region);
        out.header(RuntimeOperations.OVERHEAD_HEADER, Long.toString(call.overheadMillis(providerTime)));
        headers.responseHeaders().forEach(out::header);
    }
}
