package dev.outcrop.server.runtime;

/**
 * One step of every runtime call (Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream,
 * CountTokens). {@link ModelCall#stages} lists them in the order they run; a call goes through each in turn.
 *
 * <p>The contract:
 * <ul>
 *   <li>A stage reads and changes the call only through {@link RuntimeCall}: it may replace the target
 *       ({@link RuntimeCall#target(dev.outcrop.invoke.Target)}) and the parsed request
 *       ({@link RuntimeCall#request(dev.outcrop.invoke.ChatRequest)}), and add attributes to the call's
 *       usage record ({@link RuntimeCall#attribute}). What a stage sets is what every later stage sees:
 *       a stage that rewrites the request goes before {@link CountInputTokens}, or the call is admitted on
 *       the old count; a stage that replaces the target after {@link Authorize} authorizes the new one itself
 *       ({@link Authorize#authorize}), or a caller reaches a model through a resource it may use without
 *       being allowed the model.</li>
 *   <li>A stage that stands the call for another ({@link RenderPrompt}: a prompt version for the Converse request
 *       it describes) rewrites the call's members, and puts the operation that answers it in place of the caller's
 *       ({@link ModelOperation#throughPrompt}), before {@link ResolveTarget} ({@link RuntimeCall#wire()}); what
 *       the caller sent stays {@link RuntimeCall#asked()}.</li>
 *   <li>A stage refuses the call by throwing a {@link dev.outcrop.error.BedrockException} naming the member
 *       at fault; before {@link Admit} nothing is held, so nothing is undone; after it, the failure is recorded
 *       with the call's usage (what {@link Invoke} and {@link RecordUsage} do for the model's own failures).</li>
 *   <li>The stages before the first one that {@link #answers()} run before the reply starts, so their
 *       refusals reach the caller as a plain error; the rest run while the answer is written (for a stream,
 *       inside the stream), with the call's {@link AnswerSink} set.</li>
 *   <li>A stage that applies to some operations only says so itself (CountTokens neither admits nor invokes, and
 *       only it is counted upstream, {@link CountTokensUpstream}: see {@link RuntimeCall#invokesModel()}).</li>
 *   <li>A stage holds no state of its own between calls (one instance serves every call at once), and adds no
 *       work per answer event: it runs once a call.</li>
 * </ul>
 *
 * <p>A new feature (a prompt rendered into the request, a router choosing the model, stored defaults merged into
 * the request) is a new stage put at its place in {@link ModelCall#stages}; no operation changes.
 */
@FunctionalInterface
interface Stage {
    /** Does this stage's part of {@code call}. */
    void apply(RuntimeCall call);

    /** Whether this stage needs the caller's answer channel: it and every stage after it run while answering. */
    default boolean answers() {
        return false;
    }
}
