package io.runwarden.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The images Kubernetes runs are the ones the Dockerfiles build (as named in the compose file). */
class ImageNamesTest {

    @Test
    void kubernetesRunsOnlyImagesThisRepositoryBuilds() throws IOException {
        JsonNode services = Manifests.YAML.readTree(RepoFiles.read("docker/compose.yaml")).path("services");
        Map<String, String> dockerfileOfImage = new HashMap<>();
        services.fields().forEachRemaining(e -> {
            if (e.getValue().has("build")) {
                dockerfileOfImage.put(repository(e.getValue().path("image").asText()),
                        e.getValue().path("build").path("dockerfile").asText());
            }
        });
        assertEquals(Set.of("runwarden/stream-analyzer", "runwarden/dashboard-api", "runwarden/trainer-agent",
                "runwarden/trainer-agent-gpu"), dockerfileOfImage.keySet());

        Set<String> used = new TreeSet<>();
        for (String overlay : Overlays.WITH_WORKLOADS) {
            for (Manifests.Workload w : Kustomize.build(overlay).workloads()) {
                for (Container c : w.template().getSpec().getContainers()) {
                    String image = repository(c.getImage());
                    assertTrue(dockerfileOfImage.containsKey(image), overlay + ": " + w.name() + " runs " + c.getImage()
                            + ", which no Dockerfile here builds");
                    used.add(image);
                }
            }
        }
        assertEquals(new TreeSet<>(dockerfileOfImage.keySet()), used, "every image built is deployed somewhere");
    }

    /** The image name without its tag (also a compose tag like {@code ${RUNWARDEN_VERSION:-latest}}). */
    private static String repository(String image) {
        int colon = image.indexOf(':', image.lastIndexOf('/') + 1);
        return colon < 0 ? image : image.substring(0, colon);
    }
}
