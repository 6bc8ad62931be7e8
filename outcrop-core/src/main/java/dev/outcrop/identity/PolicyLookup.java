package dev.outcrop.identity;

import dev.outcrop.iam.Policy;
import java.util.List;

/** Finds the identity-based policies that decide what a principal may do. */
public interface PolicyLookup {

    /** The parsed policies attached to {@code principal}. */
    List<Policy> policies(Principal principal);
}
