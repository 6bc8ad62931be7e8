package dev.outcrop.stacks.template;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The values of the SSM parameters a template may name ({@code AWS::SSM::Parameter::Value<String>}). Outcrop
 * has no parameter store; what it answers is what the templates it serves need: the version of the CDK's
 * bootstrap stack, which CDK apps check before they deploy.
 */
@FunctionalInterface
public interface SsmParameters {
    /** The bootstrap version Outcrop says it has: every asset and role the CDK needs is Outcrop itself. */
    String CDK_BOOTSTRAP_VERSION = "30";

    /** The value of an SSM parameter, or empty when there is none. */
    Optional<String> value(String name);

    /** The built-in parameters: {@code /cdk-bootstrap/QUALIFIER/version}. */
    static SsmParameters builtIn() {
        Pattern bootstrapVersion = Pattern.compile("/cdk-bootstrap/[A-Za-z0-9_-]{1,64}/version");
        return name -> bootstrapVersion.matcher(name).matches() ? Optional.of(CDK_BOOTSTRAP_VERSION) : Optional.empty();
    }
}
