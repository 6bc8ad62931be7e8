package dev.outcrop.server.controlplane;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.arn.Arn;
import dev.outcrop.arn.ResourceTypes;
import dev.outcrop.router.PromptRouter;
import dev.outcrop.router.PromptRouterService;
import dev.outcrop.router.PromptRouterType;
import dev.outcrop.server.BedrockEndpoint;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.Reply;
import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.server.auth.ResourceKeys;
import dev.outcrop.tag.Tag;
import dev.outcrop.tag.TagService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The wire side of {@code ListPromptRouters}, {@code Get-}, {@code Create-} and {@code DeletePromptRouter}. */
public final class PromptRouterOperations {
    private final PromptRouterService routers;
    private final TagService tags;
    private final AccessControl access;

    /** Creates the operations over the router service. */
    public PromptRouterOperations(PromptRouterService routers, TagService tags, AccessControl access) {
        this.routers = requireNonNull(routers, "routers");
        this.tags = requireNonNull(tags, "tags");
        this.access = requireNonNull(access, "access");
    }

    /** Binds the operations to an endpoint. */
    public void register(BedrockEndpoint.Builder endpoint) {
        endpoint.operation("ListPromptRouters", this::list)
                .operation("GetPromptRouter", this::get)
                .operation("CreatePromptRouter", this::create)
                .operation("DeletePromptRouter", this::delete);
    }

    /** {@code PromptRouterSummary} and {@code GetPromptRouterResponse} members. */
    record RouterView(String promptRouterName, Criteria routingCriteria, String description, Instant createdAt,
                      Instant updatedAt, String promptRouterArn, List<ModelRef> models, ModelRef fallbackModel,
                      String status, String type) {
        static RouterView of(PromptRouter r, String partition) {
            return new RouterView(r.name(), new Criteria(r.responseQualityDifference()), r.description(), r.createdAt(),
                    r.updatedAt(), r.arn(partition).toString(), r.modelArns().stream().map(ModelRef::new).toList(),
                    new ModelRef(r.fallbackModelArn()), "AVAILABLE", r.type().wire());
        }
    }

    /** {@code RoutingCriteria}. */
    record Criteria(double responseQualityDifference) {}

    /** {@code PromptRouterTargetModel}. */
    record ModelRef(String modelArn) {}

    record ListResponse(List<RouterView> promptRouterSummaries, String nextToken) {}

    record CreateResponse(String promptRouterArn) {}

    private Reply list(OperationCall call) {
        access.require(call.caller(), call.scope().region(), "bedrock:ListPromptRouters", "*", k -> { });
        String type = call.input().optionalString("type");
        PromptRouterService.Page page = routers.list(call.scope(), type == null ? null : PromptRouterType.ofWire(type),
                call.input().optionalInt("maxResults"), call.input().optionalString("nextToken"));
        return new Reply.Json(new ListResponse(page.items().stream()
                .map(r -> RouterView.of(r, call.scope().partition())).toList(), page.nextToken()));
    }

    /** Access is decided on the ARN as given, before existence, so that a denied caller learns nothing. */
    private void require(OperationCall call, String action, String routerArn) {
        access.require(call.caller(), call.scope().region(), action, routerArn,
                ResourceKeys.resourceTags(tags.tagsOf(routerArn)));
    }

    private Reply get(OperationCall call) {
        String arn = call.input().string("promptRouterArn");
        require(call, "bedrock:GetPromptRouter", arn);
        return new Reply.Json(RouterView.of(routers.get(call.scope(), arn), call.scope().partition()));
    }

    private Reply create(OperationCall call) {
        List<Tag> requestTags = InferenceProfileOperations.tags(call.input().node("tags"));
        String newRouters = Arn.of(call.scope().partition(), call.scope().region(), call.scope().accountId(),
                ResourceTypes.PROMPT_ROUTER, "*").toString();
        access.require(call.caller(), call.scope().region(), "bedrock:CreatePromptRouter", newRouters,
                ResourceKeys.requestTags(requestTags));
        String arn = routers.create(call.scope(), new PromptRouterService.NewRouter(
                call.input().string("promptRouterName"), call.input().optionalString("description"),
                modelArns(call.input().node("models")), call.input().node("fallbackModel").path("modelArn").asText(),
                call.input().node("routingCriteria").path("responseQualityDifference").asDouble(),
                call.input().optionalString("clientRequestToken"), requestTags));
        return new Reply.Json(new CreateResponse(arn));
    }

    private Reply delete(OperationCall call) {
        String arn = call.input().string("promptRouterArn");
        require(call, "bedrock:DeletePromptRouter", arn);
        routers.delete(call.scope(), arn);
        return Reply.empty();
    }

    private static List<String> modelArns(JsonNode models) {
        List<String> arns = new ArrayList<>();
        models.forEach(m -> arns.add(m.path("modelArn").asText()));
        return arns;
    }
}
