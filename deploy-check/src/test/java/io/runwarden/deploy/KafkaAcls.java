package io.runwarden.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The ACLs of Strimzi KafkaUsers, flattened to one entry per operation, and the questions the tests ask. */
record KafkaAcls(List<Acl> acls) {

    record Acl(String user, String type, String name, String pattern, String operation) {
        /** Whether the rule covers the named resource (Kafka's literal / prefix matching). */
        boolean covers(String resourceType, String resourceName) {
            if (!type.equals(resourceType)) {
                return false;
            }
            if (type.equals("cluster")) {
                return true;
            }
            return pattern.equals("prefix") ? resourceName.startsWith(name)
                    : name.equals("*") || name.equals(resourceName);
        }

        /** Whether the operation includes the asked one (All includes everything; Read/Write imply Describe). */
        boolean allows(String asked) {
            return operation.equals("All") || operation.equals(asked)
                    || (asked.equals("Describe") && Set.of("Read", "Write", "Delete", "Alter").contains(operation));
        }
    }

    static KafkaAcls of(Manifests manifests) {
        List<Acl> acls = new ArrayList<>();
        for (Manifests.Manifest user : manifests.ofKind("KafkaUser")) {
            for (JsonNode acl : user.spec().path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                List<String> operations = new ArrayList<>();
                acl.path("operations").forEach(op -> operations.add(op.asText()));
                if (acl.hasNonNull("operation")) {
                    operations.add(acl.path("operation").asText());
                }
                for (String operation : operations) {
                    acls.add(new Acl(user.name(), resource.path("type").asText(), resource.path("name").asText(""),
                            resource.path("patternType").asText("literal"), operation));
                }
            }
        }
        return new KafkaAcls(List.copyOf(acls));
    }

    boolean allows(String user, String resourceType, String resourceName, String operation) {
        return acls.stream().anyMatch(a -> a.user().equals(user) && a.covers(resourceType, resourceName)
                && a.allows(operation));
    }

    /** Users allowed the operation on the topic. */
    Set<String> usersAllowed(String topic, String operation) {
        Set<String> users = new java.util.TreeSet<>();
        acls.stream().filter(a -> a.covers("topic", topic) && a.allows(operation)).forEach(a -> users.add(a.user()));
        return users;
    }
}
