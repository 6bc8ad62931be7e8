package dev.outcrop.providers;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ContentBlock;
import dev.outcrop.invoke.Message;
import dev.outcrop.invoke.TokenCounter;
import dev.outcrop.invoke.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A real BPE tokenizer ({@code cl100k_base}) for counting and splitting text, shared and thread-safe.
 * Counting a chat adds the per-message overhead chat templates add (role markers), as OpenAI documents it.
 */
public final class Tokenizer implements TokenCounter {
    private static final int TOKENS_PER_MESSAGE = 3;
    private static final int TOKENS_PER_REPLY = 3;
    /** Characters without whitespace counted as one piece. */
    private static final int MAX_RUN = 64;
    /** Characters of text with whitespace counted in one call, at least. */
    private static final int SEGMENT = 2048;

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    /**
     * Tokens in {@code text}, counted segment by segment ({@link #segmentEnd}): BPE of one long run of
     * characters without whitespace costs far more than linear time in its length (a 1 MB "word" took seconds),
     * so a run is counted in pieces of {@value #MAX_RUN} characters, an approximation (a merge across a cut is
     * lost) that only such runs see. Text with whitespace is cut only at whitespace, where cl100k's own
     * pre-tokenization cuts too.
     */
    @Override
    public int count(String text) {
        if (text.length() <= MAX_RUN) {
            return encoding.countTokens(text);
        }
        int tokens = 0;
        for (int start = 0, end; start < text.length(); start = end) {
            end = segmentEnd(text, start);
            tokens += encoding.countTokens(text.substring(start, end));
        }
        return tokens;
    }

    /** {@code text} split into its tokens' texts, in order; joined they give {@code text} back. */
    public List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        for (int start = 0, end; start < text.length(); start = end) {
            end = text.length() <= MAX_RUN ? text.length() : segmentEnd(text, start);
            IntArrayList tokens = encoding.encode(text.substring(start, end));
            for (int i = 0; i < tokens.size(); i++) {
                IntArrayList one = new IntArrayList(1);
                one.add(tokens.get(i));
                pieces.add(encoding.decode(one));
            }
        }
        return pieces;
    }

    /**
     * The end of the segment of {@code text} that starts at {@code start}: before a whitespace character once
     * the segment holds {@value #SEGMENT} characters, or after {@value #MAX_RUN} characters of one run without
     * whitespace (never between the two halves of a surrogate pair).
     */
    private static int segmentEnd(String text, int start) {
        int run = 0;
        for (int i = start; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                if (i - start >= SEGMENT) {
                    return i;
                }
                run = 0;
            } else if (++run > MAX_RUN && !Character.isLowSurrogate(text.charAt(i))) {
                return i;
            }
        }
        return text.length();
    }

    /** Input tokens of a chat: system prompts, messages with their overhead, tool definitions. */
    @Override
    public int count(ChatRequest request) {
        int tokens = TOKENS_PER_REPLY;
        for (String system : request.system()) {
            tokens += TOKENS_PER_MESSAGE + count(system);
        }
        for (Message message : request.messages()) {
            tokens += TOKENS_PER_MESSAGE;
            for (ContentBlock block : message.content()) {
                tokens += switch (block) {
                    case ContentBlock.Text text -> count(text.text());
                    case ContentBlock.ToolUse use -> count(use.name()) + count(use.input().toString());
                    case ContentBlock.ToolResult result -> count(result.content().toString());
                    case ContentBlock.Other other -> count(other.wire().toString());
                };
            }
        }
        for (ToolSpec tool : request.tools()) {
            tokens += count(tool.name()) + count(tool.inputSchema().toString())
                    + (tool.description() == null ? 0 : count(tool.description()));
        }
        return tokens;
    }
}
