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

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    /** Tokens in {@code text}. */
    @Override
    public int count(String text) {
        return encoding.countTokens(text);
    }

    /** {@code text} split into its tokens' texts, in order; joined they give {@code text} back. */
    public List<String> split(String text) {
        IntArrayList tokens = encoding.encode(text);
        List<String> pieces = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            IntArrayList one = new IntArrayList(1);
            one.add(tokens.get(i));
            pieces.add(encoding.decode(one));
        }
        return pieces;
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
