package fr.caducee.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.trust.admin.OperatorKey;

/** {@code caducee queue}'s answers that need no server: bad usage is 2, a server that does not answer is 3. */
class QueueCommandTest {
    @TempDir
    static Path data;
    static String nobody;

    private final CommandOutput command = new CommandOutput();
    private final StringWriter out = command.out;
    private final StringWriter err = command.err;

    @BeforeAll
    static void operatorKeyAndAPortNothingListensOn() throws Exception {
        OperatorKey.ensure(data.resolve("pki"));
        try (ServerSocket socket = new ServerSocket(0)) {
            nobody = "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    private int run(String... args) {
        String[] withServer = new String[args.length + 4];
        System.arraycopy(args, 0, withServer, 0, args.length);
        System.arraycopy(new String[] {"--webadmin", nobody, "--data", data.toString()}, 0, withServer, args.length, 4);
        return command.run(withServer);
    }

    @Test
    void aServerThatDoesNotAnswerIsExitStatusThreeWithASentence() {
        assertThat(run("queue", "list")).isEqualTo(Caducee.UNREACHABLE);
        assertThat(err.toString()).contains("Cannot reach WebAdmin at " + nobody).doesNotContain("Exception", "\tat ");
    }

    @Test
    void aHoldThatNamesNoMailIsABadUsage() {
        assertThat(run("queue", "hold")).isEqualTo(Caducee.USAGE);
        assertThat(err.toString()).contains("say which mails");
    }

    @Test
    void aHoldThatNamesAMailAndASenderIsABadUsage() {
        assertThat(run("queue", "hold", "Mail123", "--sender", "dr.x@caducee.localhost")).isEqualTo(Caducee.USAGE);
        assertThat(err.toString()).contains("not NAME and --sender");
    }

    @Test
    void aMalformedMailNameIsABadUsage() {
        assertThat(run("queue", "show", "two words")).isEqualTo(Caducee.USAGE);
        assertThat(err.toString()).contains("mail 'two words' is not one");
    }

    @Test
    void aSenderThatIsNoAddressIsABadUsage() {
        assertThat(run("queue", "delete", "--sender", "nobody", "--yes")).isEqualTo(Caducee.USAGE);
        assertThat(err.toString()).contains("sender 'nobody' is not an address");
    }

    @Test
    void anUnknownQueueSubcommandIsABadUsage() {
        assertThat(run("queue", "purge")).isEqualTo(Caducee.USAGE);
    }

    @Test
    void everyQueueCommandExplainsItselfWithHelp() {
        assertThat(command.run("queue", "hold", "--help")).isEqualTo(Caducee.DONE);
        assertThat(out.toString()).contains("postsuper -h", "--sender", "--all");
    }

    @Test
    void deletingAWholeRepositoryNeedsYes() {
        assertThat(run("repository", "delete", "error", "--all")).isEqualTo(Caducee.USAGE);
        assertThat(err.toString()).contains("add --yes to confirm");
    }

    @Test
    void aRepositoryIsNamedByItsFolderOrItsPath() throws Exception {
        assertThat(RepositoryCommand.path("error")).isEqualTo("var/mail/error");
        assertThat(RepositoryCommand.path("var/mail/relay-denied/")).isEqualTo("var/mail/relay-denied");
        assertThat(RepositoryCommand.encodedPath("error")).isEqualTo("var%2Fmail%2Ferror");
    }
}
