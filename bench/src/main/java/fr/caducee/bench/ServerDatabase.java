package fr.caducee.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The database of a server run on its managed PostgreSQL ({@code caducee.db.mode=managed}, the default): its port and
 * its role's password are read from the data folder ({@code var/store/postgres.port}, {@code var/store/postgres.secret},
 * readable by the server's account alone), so that no password is ever on a command line. Needs the PostgreSQL driver
 * on the class path: run with the server's libraries ({@code server/target/lib/*}).
 */
final class ServerDatabase {
    private ServerDatabase() {
    }

    static Connection connect(Path dataFolder) throws IOException, SQLException {
        Path store = dataFolder.resolve("var/store");
        String port = Files.readString(store.resolve("postgres.port"), StandardCharsets.UTF_8).strip();
        String password = Files.readString(store.resolve("postgres.secret"), StandardCharsets.UTF_8).strip();
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/caducee?reWriteBatchedInserts=true",
            "caducee", password);
    }
}
