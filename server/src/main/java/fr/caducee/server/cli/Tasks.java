package fr.caducee.server.cli;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** A WebAdmin task (James's {@code /tasks}): awaited, and its outcome printed. */
final class Tasks {
    private Tasks() {
    }

    /** Waits for the task {@code created} names; {@link Caducee#DONE} when it completed, else PROBLEMS. */
    static int await(WebAdminClient client, JsonNode created, AdminCommand command, String what)
        throws IOException, InterruptedException, AdminCommand.Refused {
        String id = created.path("taskId").asText("");
        if (id.isEmpty()) {
            throw new AdminCommand.Refused(502, "WebAdmin started no task: " + created);
        }
        JsonNode task = AdminCommand.expect(client.get("/tasks/" + AdminCommand.encode(id) + "/await"));
        String status = task.path("status").asText("unknown");
        StringBuilder result = new StringBuilder(what + ": task " + id + " " + status);
        JsonNode details = task.path("additionalInformation");
        for (Iterator<Map.Entry<String, JsonNode>> fields = details.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("type") && !field.getKey().equals("timestamp")) {
                result.append(", ").append(field.getKey()).append(' ').append(field.getValue().isTextual()
                    ? field.getValue().asText() : field.getValue().toString());
            }
        }
        if ("completed".equals(status)) {
            command.out().println(result);
            return Caducee.DONE;
        }
        command.err().println(result);
        return Caducee.PROBLEMS;
    }
}
