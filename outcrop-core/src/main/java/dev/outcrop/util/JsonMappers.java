package dev.outcrop.util;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Jackson set up for virtual threads. Jackson's default keeps its parse and write buffers per thread; with a
 * virtual thread per request, each request (and each open stream, for as long as it lasts) would hold
 * buffers of its own, some 20 KiB. These mappers share one bounded pool of buffers among all threads instead
 * ({@link StripedBufferPool}).
 */
public final class JsonMappers {
    private JsonMappers() {}

    private static final StripedBufferPool BUFFERS = new StripedBufferPool();

    /** A factory whose buffers are pooled across threads ({@link StripedBufferPool}, one for all factories). */
    public static JsonFactory factory() {
        return JsonFactory.builder().recyclerPool(BUFFERS).build();
    }

    /** A mapper with Jackson's defaults but {@link #factory()}'s buffer pool. */
    public static ObjectMapper mapper() {
        return builder().build();
    }

    /** A builder on {@link #factory()}, for mappers with settings of their own. */
    public static JsonMapper.Builder builder() {
        return JsonMapper.builder(factory());
    }
}
