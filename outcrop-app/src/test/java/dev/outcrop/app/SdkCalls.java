package dev.outcrop.app;

import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.bedrock.model.CreateInferenceProfileRequest;
import software.amazon.awssdk.services.bedrock.model.DeleteInferenceProfileRequest;
import software.amazon.awssdk.services.bedrock.model.GetInferenceProfileRequest;
import software.amazon.awssdk.services.bedrock.model.GetInferenceProfileResponse;
import software.amazon.awssdk.services.bedrock.model.ListInferenceProfilesRequest;
import software.amazon.awssdk.services.bedrock.model.ListInferenceProfilesResponse;
import software.amazon.awssdk.services.bedrock.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.bedrock.model.Tag;
import software.amazon.awssdk.services.bedrock.model.TagResourceRequest;
import software.amazon.awssdk.services.bedrock.model.UntagResourceRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;

/**
 * The operations of the conformance scenario through one AWS SDK for Java v2 client pair (control plane and
 * runtime), synchronous or asynchronous, so that {@link JavaSdkScenario} runs the same checks over each. An
 * error is thrown as the SDK's own exception (an asynchronous call's {@code CompletionException} unwrapped).
 */
interface SdkCalls extends AutoCloseable {
    ListInferenceProfilesResponse list(ListInferenceProfilesRequest request);

    String create(CreateInferenceProfileRequest request);

    GetInferenceProfileResponse get(GetInferenceProfileRequest request);

    void tag(TagResourceRequest request);

    List<Tag> tags(ListTagsForResourceRequest request);

    void untag(UntagResourceRequest request);

    void delete(DeleteInferenceProfileRequest request);

    ConverseResponse converse(ConverseRequest request);

    /** Every event of the stream, in order; throws the exception event's exception if one arrives. */
    List<ConverseStreamOutput> converseStream(ConverseStreamRequest request);

    InvokeModelResponse invoke(InvokeModelRequest request);

    /** The bytes of every chunk, in order. */
    List<byte[]> invokeStream(InvokeModelWithResponseStreamRequest request);

    CountTokensResponse countTokens(CountTokensRequest request);

    // The same operations, each request built in place as the SDK's own clients allow.
    default ListInferenceProfilesResponse list(Consumer<ListInferenceProfilesRequest.Builder> request) {
        return list(ListInferenceProfilesRequest.builder().applyMutation(request).build());
    }

    default String create(Consumer<CreateInferenceProfileRequest.Builder> request) {
        return create(CreateInferenceProfileRequest.builder().applyMutation(request).build());
    }

    default GetInferenceProfileResponse get(Consumer<GetInferenceProfileRequest.Builder> request) {
        return get(GetInferenceProfileRequest.builder().applyMutation(request).build());
    }

    default void tag(Consumer<TagResourceRequest.Builder> request) {
        tag(TagResourceRequest.builder().applyMutation(request).build());
    }

    default List<Tag> tags(Consumer<ListTagsForResourceRequest.Builder> request) {
        return tags(ListTagsForResourceRequest.builder().applyMutation(request).build());
    }

    default void untag(Consumer<UntagResourceRequest.Builder> request) {
        untag(UntagResourceRequest.builder().applyMutation(request).build());
    }

    default void delete(Consumer<DeleteInferenceProfileRequest.Builder> request) {
        delete(DeleteInferenceProfileRequest.builder().applyMutation(request).build());
    }

    default ConverseResponse converse(Consumer<ConverseRequest.Builder> request) {
        return converse(ConverseRequest.builder().applyMutation(request).build());
    }

    default List<ConverseStreamOutput> converseStream(Consumer<ConverseStreamRequest.Builder> request) {
        return converseStream(ConverseStreamRequest.builder().applyMutation(request).build());
    }

    default InvokeModelResponse invoke(Consumer<InvokeModelRequest.Builder> request) {
        return invoke(InvokeModelRequest.builder().applyMutation(request).build());
    }

    default List<byte[]> invokeStream(Consumer<InvokeModelWithResponseStreamRequest.Builder> request) {
        return invokeStream(InvokeModelWithResponseStreamRequest.builder().applyMutation(request).build());
    }

    default CountTokensResponse countTokens(Consumer<CountTokensRequest.Builder> request) {
        return countTokens(CountTokensRequest.builder().applyMutation(request).build());
    }

    /** Whether the client offers the event-stream operations (the synchronous clients of the SDK do not). */
    boolean streams();

    @Override
    void close();
}
