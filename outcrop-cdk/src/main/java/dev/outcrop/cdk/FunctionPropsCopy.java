package dev.outcrop.cdk;

import software.amazon.awscdk.services.lambda.FunctionProps;

/**
 * A builder pre-filled with every member of the user's FunctionProps, so the pattern can set its own members (tracing,
 * VPC) on top without losing any of the user's; jsii's builders have no copy constructor.
 */
final class FunctionPropsCopy {
    private FunctionPropsCopy() {
    }

    @SuppressWarnings("deprecation")
    static FunctionProps.Builder of(FunctionProps p) {
        return FunctionProps.builder()
                .adotInstrumentation(p.getAdotInstrumentation())
                .allowAllIpv6Outbound(p.getAllowAllIpv6Outbound())
                .allowAllOutbound(p.getAllowAllOutbound())
                .allowPublicSubnet(p.getAllowPublicSubnet())
                .applicationLogLevel(p.getApplicationLogLevel())
                .applicationLogLevelV2(p.getApplicationLogLevelV2())
                .architecture(p.getArchitecture())
                .code(p.getCode())
                .codeSigningConfig(p.getCodeSigningConfig())
                .currentVersionOptions(p.getCurrentVersionOptions())
                .deadLetterQueue(p.getDeadLetterQueue())
                .deadLetterQueueEnabled(p.getDeadLetterQueueEnabled())
                .deadLetterTopic(p.getDeadLetterTopic())
                .description(p.getDescription())
                .environment(p.getEnvironment())
                .environmentEncryption(p.getEnvironmentEncryption())
                .ephemeralStorageSize(p.getEphemeralStorageSize())
                .events(p.getEvents())
                .filesystem(p.getFilesystem())
                .functionName(p.getFunctionName())
                .handler(p.getHandler())
                .initialPolicy(p.getInitialPolicy())
                .insightsVersion(p.getInsightsVersion())
                .ipv6AllowedForDualStack(p.getIpv6AllowedForDualStack())
                .layers(p.getLayers())
                .logFormat(p.getLogFormat())
                .logGroup(p.getLogGroup())
                .logRemovalPolicy(p.getLogRemovalPolicy())
                .logRetention(p.getLogRetention())
                .logRetentionRetryOptions(p.getLogRetentionRetryOptions())
                .logRetentionRole(p.getLogRetentionRole())
                .loggingFormat(p.getLoggingFormat())
                .maxEventAge(p.getMaxEventAge())
                .memorySize(p.getMemorySize())
                .onFailure(p.getOnFailure())
                .onSuccess(p.getOnSuccess())
                .paramsAndSecrets(p.getParamsAndSecrets())
                .profiling(p.getProfiling())
                .profilingGroup(p.getProfilingGroup())
                .recursiveLoop(p.getRecursiveLoop())
                .reservedConcurrentExecutions(p.getReservedConcurrentExecutions())
                .retryAttempts(p.getRetryAttempts())
                .role(p.getRole())
                .runtime(p.getRuntime())
                .runtimeManagementMode(p.getRuntimeManagementMode())
                .securityGroups(p.getSecurityGroups())
                .snapStart(p.getSnapStart())
                .systemLogLevel(p.getSystemLogLevel())
                .systemLogLevelV2(p.getSystemLogLevelV2())
                .timeout(p.getTimeout())
                .tracing(p.getTracing())
                .vpc(p.getVpc())
                .vpcSubnets(p.getVpcSubnets());
    }
}
