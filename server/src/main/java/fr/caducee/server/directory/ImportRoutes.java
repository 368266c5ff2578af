package fr.caducee.server.directory;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.concurrent.locks.ReentrantLock;

import javax.inject.Inject;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fr.caducee.domain.directory.CachedDirectory;
import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.importing.ExtractImport;
import fr.caducee.domain.importing.ImportAbortedException;
import fr.caducee.domain.importing.ImportOptions;
import fr.caducee.domain.importing.ImportRefusedException;
import fr.caducee.domain.importing.ImportReport;
import fr.caducee.domain.importing.JsonLinesRejectionWriter;
import fr.caducee.domain.importing.LdifImport;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Bulk imports over WebAdmin: {@code POST /directory/imports/extract} (the national extract, pipe-separated) and
 * {@code POST /directory/imports/ldif}, the file as request body. The upload is kept under
 * {@code <data>/var/imports/} with the full list of rejections beside it (JSON lines); the answer is the report:
 * counts, the first rejections and where the full list is. A file that is broken as a whole (bad header, truncated)
 * is refused with 400 and nothing written. One import at a time: a second one answers 409.
 *
 * <p>The extract does not say who is responsible for an ORG box: a new ORG box gets the professional of its line,
 * else the one given by {@code ?orgResponsible=<idNat>}, else its line is rejected and says so.
 */
public class ImportRoutes implements Routes {
    private static final Logger LOGGER = LoggerFactory.getLogger(ImportRoutes.class);
    private static final int REJECTIONS_IN_ANSWER = 1000;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final DirectoryStore store;
    private final CachedDirectory directory;
    private final DirectorySettings settings;
    private final Path importsFolder;
    private final Clock clock = Clock.systemUTC();
    private final ReentrantLock running = new ReentrantLock();

    @Inject
    public ImportRoutes(DirectoryStore store, CachedDirectory directory, DirectorySettings settings,
                        JamesDirectoriesProvider directories) {
        this.store = store;
        this.directory = directory;
        this.settings = settings;
        this.importsFolder = Path.of(directories.getVarDirectory()).resolve("imports");
    }

    @Override
    public String getBasePath() {
        return DirectoryRoutes.BASE + "/imports";
    }

    @Override
    public void define(Service service) {
        service.post(getBasePath() + "/extract", (request, response) -> upload(request, response, "extract"));
        service.post(getBasePath() + "/ldif", (request, response) -> upload(request, response, "ldif"));
    }

    private Object upload(Request request, Response response, String format) throws IOException {
        if (!running.tryLock()) {
            return refuse(response, HttpStatus.CONFLICT_409, ErrorResponder.ErrorType.WRONG_STATE,
                "another import is running; try again when it has finished");
        }
        try {
            Files.createDirectories(importsFolder);
            String name = STAMP.format(clock.instant()) + "-" + format;
            Path file = importsFolder.resolve(name + (format.equals("ldif") ? ".ldif" : ".txt"));
            Path rejections = importsFolder.resolve(name + "-rejections.jsonl");
            try (InputStream body = request.raw().getInputStream()) {
                Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
            }
            LOGGER.info("Directory import of {} ({} bytes) started", file, Files.size(file));
            try (Writer rejectionLog = Files.newBufferedWriter(rejections, StandardCharsets.UTF_8)) {
                ImportOptions options = ImportOptions.defaults()
                    .withThreads(settings.importThreads())
                    .withListener(new JsonLinesRejectionWriter(rejectionLog));
                String orgResponsible = request.queryParams("orgResponsible");
                if (orgResponsible != null && !orgResponsible.isBlank()) {
                    options = options.withDefaultOrgResponsible(IdNat.parse(orgResponsible));
                }
                ImportReport report = format.equals("ldif")
                    ? new LdifImport(store, settings.baseDn(), options).run(file)
                    : new ExtractImport(store, options).run(file);
                LOGGER.info("Directory import of {}: {}", file, report.summary());
                response.status(HttpStatus.OK_200);
                response.type("application/json");
                return answer(report, file, rejections).toString();
            } catch (ImportRefusedException e) {
                LOGGER.warn("Directory import of {} refused: {}", file, e.getMessage());
                return refuse(response, HttpStatus.BAD_REQUEST_400, ErrorResponder.ErrorType.INVALID_ARGUMENT,
                    e.getMessage() + " (nothing was imported)");
            } catch (ImportAbortedException e) {
                LOGGER.error("Directory import of {} stopped: {}", file, e.getMessage(), e);
                response.status(HttpStatus.SERVICE_UNAVAILABLE_503);
                response.type("application/json");
                ObjectNode answer = answer(e.report(), file, rejections);
                answer.put("error", e.getMessage() + "; importing the same file again is safe");
                return answer.toString();
            }
        } finally {
            directory.forgetAll();
            running.unlock();
        }
    }

    private static ObjectNode answer(ImportReport report, Path file, Path rejections) {
        ObjectNode answer = DirectoryJson.MAPPER.createObjectNode()
            .put("summary", report.summary())
            .put("read", report.read())
            .put("applied", report.applied())
            .put("rejected", report.rejected());
        counts(answer.putObject("boxes"), report.boxes());
        counts(answer.putObject("professionals"), report.professionals());
        counts(answer.putObject("structures"), report.structures());
        counts(answer.putObject("patients"), report.patients());
        ArrayNode list = answer.putArray("rejections");
        report.rejections().stream().limit(REJECTIONS_IN_ANSWER)
            .forEach(rejection -> list.addObject().put("line", rejection.line()).put("reason", rejection.reason()));
        return answer.put("rejectionsNotShown", report.rejected() - list.size())
            .put("file", file.toString())
            .put("rejectionsFile", rejections.toString());
    }

    private static void counts(ObjectNode node, ImportReport.Counts counts) {
        node.put("added", counts.added()).put("updated", counts.updated()).put("unchanged", counts.unchanged());
    }

    private static String refuse(Response response, int status, ErrorResponder.ErrorType type, String message) {
        response.status(status);
        response.type("application/json");
        return ErrorResponder.builder().statusCode(status).type(type).message("%s", message).asString();
    }
}
