package dev.outcrop.app;

import java.util.List;
import software.amazon.awssdk.services.bedrock.BedrockClient;
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
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;

/** {@link SdkCalls} through the synchronous clients, which have no event-stream operations. */
record SyncSdkCalls(BedrockClient bedrock, BedrockRuntimeClient runtime) implements SdkCalls {
    @Override
    public ListInferenceProfilesResponse list(ListInferenceProfilesRequest request) {
        return bedrock.listInferenceProfiles(request);
    }

    @Override
    public String create(CreateInferenceProfileRequest request) {
        return bedrock.createInferenceProfile(request).inferenceProfileArn();
    }

    @Override
    public GetInferenceProfileResponse get(GetInferenceProfileRequest request) {
        return bedrock.getInferenceProfile(request);
    }

    @Override
    public void tag(TagResourceRequest request) {
        bedrock.tagResource(request);
    }

    @Override
    public List<Tag> tags(ListTagsForResourceRequest request) {
        return bedrock.listTagsForResource(request).tags();
    }

    @Override
    public void untag(UntagResourceRequest request) {
        bedrock.untagResource(request);
    }

    @Override
    public void delete(DeleteInferenceProfileRequest request) {
        bedrock.deleteInferenceProfile(request);
    }

    @Override
    public ConverseResponse converse(ConverseRequest request) {
        return runtime.converse(request);
    }

    @Override
    public List<ConverseStreamOutput> converseStream(ConverseStreamRequest request) {
        throw new UnsupportedOperationException("the synchronous client has no ConverseStream");
    }

    @Override
    public InvokeModelResponse invoke(InvokeModelRequest request) {
        return runtime.invokeModel(request);
    }

    @Override
    public List<byte[]> invokeStream(InvokeModelWithResponseStreamRequest request) {
        throw new UnsupportedOperationException("the synchronous client has no InvokeModelWithResponseStream");
    }

    @Override
    public CountTokensResponse countTokens(CountTokensRequest request) {
        return runtime.countTokens(request);
    }

    @Override
    public boolean streams() {
        return false;
    }

    @Override
    public void close() {
        bedrock.close();
        runtime.close();
    }
}
