package fr.caducee.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Caducée server process for a test class, with the boxes it needs:
 * <pre>
 * &#64;RegisterExtension
 * static final CaduceeServerExtension caducee = new CaduceeServerExtension().withBox("dr.x@chu.localhost", "pw");
 * </pre>
 * Domains of the boxes are created first; the data folder is removed after the class.
 */
public final class CaduceeServerExtension implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> boxes = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path dataDir;
    private CaduceeProcess server;

    public CaduceeServerExtension withProperty(String name, String value) {
        properties.put(name, value);
        return this;
    }

    public CaduceeServerExtension withEnvironment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public CaduceeServerExtension withBox(String address, String password) {
        boxes.put(address, password);
        return this;
    }

    public CaduceeProcess server() {
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("caducee-it-");
        server = CaduceeProcess.start(dataDir.resolve("server"), properties, environment, context.getRequiredTestClass().getSimpleName());
        TestClients.WebAdmin admin = new TestClients.WebAdmin(server);
        for (String domain : boxes.keySet().stream().map(box -> box.substring(box.indexOf('@') + 1)).distinct().toList()) {
            admin.addDomain(domain);
        }
        for (Map.Entry<String, String> box : boxes.entrySet()) {
            admin.addBox(box.getKey(), box.getValue());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
