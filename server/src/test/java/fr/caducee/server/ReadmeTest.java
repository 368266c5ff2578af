package fr.caducee.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** What the README tells a newcomer about files, checked against where the server puts them. */
class ReadmeTest {
    private static final Pattern DATA_FOLDER_PATH = Pattern.compile("`data/[^`]*`");

    @Test
    void filesOfTheDataFolderAreWrittenUnderDataWhichCaduceeDataMayMove() throws IOException {
        String readme = Files.readString(repositoryRoot().resolve("README.md"), StandardCharsets.UTF_8);
        Matcher matcher = DATA_FOLDER_PATH.matcher(readme);
        List<String> hardCoded = matcher.results().map(result -> result.group()).toList();

        assertThat(hardCoded).as("paths written data/... where CADUCEE_DATA may put the data folder elsewhere").isEmpty();
        assertThat(readme).contains("`<data>/pki/dev-root-ca.pem`").contains("`$CADUCEE_DATA`");
    }

    @Test
    void theDevelopmentRootIsExplainedWithTheMailClientsNotWithTheDirectory() throws IOException {
        String readme = Files.readString(repositoryRoot().resolve("README.md"), StandardCharsets.UTF_8);
        int clients = readme.indexOf("\n## Using it from a mail client");
        int directory = readme.indexOf("\n## The directory");
        int root = readme.indexOf("dev-root-ca.pem");

        assertThat(root).as("where the README says to import the development root").isBetween(clients, directory);
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("scripts"))) {
                return dir;
            }
        }
        throw new IllegalStateException("README.md not found above the working directory");
    }
}
