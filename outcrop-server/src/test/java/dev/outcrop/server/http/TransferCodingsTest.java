package dev.outcrop.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class TransferCodingsTest {
    private static HttpHeaders transferEncoding(String... values) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (String value : values) {
            headers.add("Transfer-Encoding", value);
        }
        return headers;
    }

    @Test
    void noTransferEncodingOrChunkedAloneIsServed() {
        assertThat(TransferCodings.problem(transferEncoding())).isNull();
        assertThat(TransferCodings.problem(transferEncoding("chunked"))).isNull();
        assertThat(TransferCodings.problem(transferEncoding("Chunked"))).isNull();
    }

    @Test
    void anUnknownCodingIsRefused() {
        assertThat(TransferCodings.problem(transferEncoding("xchunked")))
                .isEqualTo("The final transfer coding must be chunked, not 'xchunked'.");
        assertThat(TransferCodings.problem(transferEncoding("gzip, chunked")))
                .isEqualTo("The transfer coding 'gzip' is not supported; only chunked is.");
    }

    @Test
    void aFinalCodingOtherThanChunkedIsRefused() {
        assertThat(TransferCodings.problem(transferEncoding("chunked", "gzip")))
                .isEqualTo("The final transfer coding must be chunked, not 'gzip'.");
    }

    @Test
    void chunkedTwiceOrNothingAtAllIsRefused() {
        assertThat(TransferCodings.problem(transferEncoding("chunked, chunked")))
                .isEqualTo("The chunked transfer coding may be applied only once.");
        assertThat(TransferCodings.problem(transferEncoding(","))).isEqualTo("The Transfer-Encoding header is empty.");
    }
}
