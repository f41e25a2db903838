package io.github.geminibalance.cli.command;

import io.github.geminibalance.cli.CliContext;
import io.github.geminibalance.cli.RootLogLevel;
import io.github.geminibalance.cli.logging.MaskingConverter;
import io.github.geminibalance.cli.mixin.EnvFileOptions;
import io.github.geminibalance.cli.mixin.HelpOptions;
import io.github.geminibalance.gateway.Gateway;
import io.github.geminibalance.gateway.config.ConfigLoader;
import io.github.geminibalance.gateway.config.ConfigProblem;
import io.github.geminibalance.gateway.config.ConfigResult;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.redact.Redactor;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: runs the gateway until the {@link io.github.geminibalance.cli.StopSignal stop
 * signal}, then stops taking requests and lets the running ones finish for up to
 * {@code SHUTDOWN_DRAIN_SECONDS}. Once listening, it prints {@code listening on http://HOST:PORT}
 * to standard output.
 */
@Command(
        name = "serve",
        description = "Run the gateway until SIGTERM or SIGINT, then drain running requests for up to"
                + " SHUTDOWN_DRAIN_SECONDS and exit.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Stopped on SIGTERM or SIGINT.",
            "1:Invalid configuration, or the gateway could not start.",
            "2:Usage error."
        })
public final class ServeCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOptions help;

    @Mixin
    EnvFileOptions envFile;

    @Option(names = "--host", paramLabel = "HOST", description = "Address to listen on; overrides HOST.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on, 0 for any free one; overrides PORT.")
    Integer port;

    private final CliContext context;

    public ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ConfigResult result = ConfigLoader.load(context.settings(envFile.envFile(), overrides()));
        PrintWriter err = spec.commandLine().getErr();
        for (ConfigProblem warning : result.warnings()) {
            err.println("warning: " + warning);
        }
        for (ConfigProblem error : result.errors()) {
            err.println("error: " + error);
        }
        err.flush();
        if (result.config().isEmpty()) {
            return ExitCode.SOFTWARE;
        }
        RootLogLevel.set(result.logLevel());
        GatewayConfig config = result.config().get().resolvedAgainst(context.workingDirectory());
        context.stopSignal().listen();
        MaskingConverter.use(Redactor.forConfig(config));
        Gateway gateway = Gateway.start(config);
        try {
            PrintWriter out = spec.commandLine().getOut();
            out.println("listening on " + url(config.server().host(), gateway.port()));
            out.flush();
            awaitStop();
        } finally {
            Duration drain = config.server().drainTimeout();
            log.info("stopping: new requests get 503, running ones have up to {} s to finish", drain.toSeconds());
            gateway.shutdown(drain);
            log.info("stopped");
        }
        return ExitCode.OK;
    }

    private Map<String, String> overrides() {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (host != null) {
            overrides.put("HOST", host);
        }
        if (port != null) {
            overrides.put("PORT", port.toString());
        }
        return overrides;
    }

    /** An interrupt is a stop request too, one that cuts the drain short. */
    private void awaitStop() {
        try {
            context.stopSignal().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String url(String host, int port) {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
