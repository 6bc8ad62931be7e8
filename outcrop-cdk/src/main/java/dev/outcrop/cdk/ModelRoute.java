package dev.outcrop.cdk;

import java.util.ArrayList;
import java.util.List;

/**
 * What a call through a profile touches, in the order IAM checks it: the profiles (the one named and any system
 * profile it copies) and the foundation model in every Region the call may be routed to.
 */
public record ModelRoute(List<String> profileArns, List<String> modelArns) {
    public ModelRoute {
        profileArns = List.copyOf(profileArns);
        modelArns = List.copyOf(modelArns);
    }

    /** The same route, entered through one more profile (an application profile copying this source). */
    ModelRoute through(String profileArn) {
        List<String> profiles = new ArrayList<>();
        profiles.add(profileArn);
        profiles.addAll(profileArns);
        return new ModelRoute(profiles, modelArns);
    }
}
