package dev.outcrop.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.bedrock.BedrockAsyncClient;
import software.amazon.awssdk.services.bedrock.model.CreateInferenceProfileRequest;
import software.amazon.awssdk.services.bedrock.model.CreateInferenceProfileResponse;
import software.amazon.awssdk.services.bedrock.model.DeleteInferenceProfileRequest;
import software.amazon.awssdk.services.bedrock.model.GetInferenceProfileRequest;
import software.amazon.awssdk.services.bedrock.model.GetInferenceProfileResponse;
import software.amazon.awssdk.services.bedrock.model.ListInferenceProfilesRequest;
import software.amazon.awssdk.services.bedrock.model.ListInferenceProfilesResponse;
import software.amazon.awssdk.services.bedrock.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.bedrock.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.bedrock.model.Tag;
import software.amazon.awssdk.services.bedrock.model.TagResourceRequest;
import software.amazon.awssdk.services.bedrock.model.UntagResourceRequest;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;

/** {@link SdkCalls} through the asynchronous clients, event streams included. */
record AsyncSdkCalls(BedrockAsyncClient bedrock, BedrockRuntimeAsyncClient runtime) implements SdkCalls {
    @Override
    public ListInferenceProfilesResponse list(ListInferenceProfilesRequest request) {
        return join(bedrock.listInferenceProfiles(request));
    }

    @Override
    public String create(CreateInferenceProfileRequest request) {
        CreateInferenceProfileResponse response = join(bedrock.createInferenceProfile(request));
        return response.inferenceProfileArn();
    }

    @Override
    public GetInferenceProfileResponse get(GetInferenceProfileRequest request) {
        return join(bedrock.getInferenceProfile(request));
    }

    @Override
    public void tag(TagResourceRequest request) {
        join(bedrock.tagResource(request));
    }

    @Override
    public List<Tag> tags(ListTagsForResourceRequest request) {
        ListTagsForResourceResponse response = join(bedrock.listTagsForResource(request));
        return response.tags();
    }

    @Override
    public void untag(UntagResourceRequest request) {
        join(bedrock.untagResource(request));
    }

    @Override
    public void delete(DeleteInferenceProfileRequest request) {
        join(bedrock.deleteInferenceProfile(request));
    }

    @Override
    public ConverseResponse converse(ConverseRequest request) {
        return join(runtime.converse(request));
    }

    @Override
    public List<ConverseStreamOutput> converseStream(ConverseStreamRequest request) {
        List<ConverseStreamOutput> events = Collections.synchronizedList(new ArrayList<>());
        join(runtime.converseStream(request, ConverseStreamResponseHandler.builder().subscriber(events::add).build()));
        return List.copyOf(events);
    }

    @Override
    public InvokeModelResponse invoke(InvokeModelRequest request) {
        return join(runtime.invokeModel(request));
    }

    @Override
    public List<byte[]> invokeStream(InvokeModelWithResponseStreamRequest request) {
        List<byte[]> chunks = Collections.synchronizedList(new ArrayList<>());
        join(runtime.invokeModelWithResponseStream(request, InvokeModelWithResponseStreamResponseHandler.builder()
                .subscriber(InvokeModelWithResponseStreamResponseHandler.Visitor.builder()
                        .onChunk(chunk -> chunks.add(chunk.bytes().asByteArray())).build()).build()));
        return List.copyOf(chunks);
    }

    @Override
    public CountTokensResponse countTokens(CountTokensRequest request) {
        return join(runtime.countTokens(request));
    }

    @Override
    public boolean streams() {
        return true;
    }

    private static <T> T join(CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        bedrock.close();
        runtime.close();
    }
}
