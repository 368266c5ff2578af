package fr.caducee.server.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.lifecycle.api.Startable;
import org.apache.james.mailbox.indexer.ReIndexer;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.task.TaskId;
import org.apache.james.task.TaskManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * Keeps IMAP SEARCH truthful across crashes.
 *
 * <p>James's Lucene index only makes its additions durable when it is committed, which it does not do on its own:
 * after a {@code kill -9} the index silently forgets recent messages and SEARCH stops finding mail that is in the
 * mailbox. So the index is committed every {@code caducee.search.commitSeconds} (default 1 s), and an "open"
 * marker left by a run that did not stop cleanly makes the next start rebuild the index from the database (a
 * background task, visible in WebAdmin under /tasks).
 */
public class SearchIndexDurability implements Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SearchIndexDurability.class);
    static final String OPEN_MARKER = "caducee-index-open";
    static final int REINDEX_MESSAGES_PER_SECOND = 2_000;

    private final LuceneMessageSearchIndex index;
    private final ReIndexer reIndexer;
    private final TaskManager tasks;
    private final Path marker;
    private final Duration commitInterval;
    private final ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "search-index-commit");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    SearchIndexDurability(LuceneMessageSearchIndex index, ReIndexer reIndexer, TaskManager tasks, FileSystem fileSystem,
                          Settings settings) throws IOException {
        this.index = index;
        this.reIndexer = reIndexer;
        this.tasks = tasks;
        this.marker = fileSystem.getFile(LuceneSearchModule.INDEX_FOLDER).toPath().resolve(OPEN_MARKER);
        this.commitInterval = settings.seconds(Setting.SEARCH_COMMIT_SECONDS);
    }

    void start() throws Exception {
        boolean uncleanStop = Files.exists(marker);
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, "open since " + java.time.Instant.now() + "\n");
        committer.scheduleWithFixedDelay(this::commit, commitInterval.toMillis(), commitInterval.toMillis(), TimeUnit.MILLISECONDS);
        if (uncleanStop) {
            TaskId task = tasks.submit(reIndexer.reIndex(ReIndexer.RunningOptions.builder()
                .mode(ReIndexer.RunningOptions.Mode.REBUILD_ALL)
                .messagesPerSeconds(java.util.Optional.of(REINDEX_MESSAGES_PER_SECOND))
                .build()));
            LOGGER.warn("The previous run did not stop cleanly: rebuilding the search index from the mailboxes "
                + "(task {}); until it ends, IMAP SEARCH may miss recent messages", task.asString());
        }
    }

    private void commit() {
        try {
            index.commit();
        } catch (Exception e) {
            LOGGER.error("Could not commit the search index; it will be rebuilt at the next start if the server crashes", e);
        }
    }

    @PreDestroy
    void stop() throws IOException {
        committer.shutdown();
        try {
            committer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        index.commit();
        Files.deleteIfExists(marker);
    }
}
