package io.runwarden.engine.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PyTorch engine of this process: loaded once, with a bounded number of intra-op threads (several runs may
 * share a small machine), and the device a run asks for.
 */
public final class TorchRuntime {

    /** System property or environment variable: PyTorch intra-op threads (default 1). */
    public static final String THREADS_KEY = "RUNWARDEN_TORCH_THREADS";

    private static final Logger LOG = LoggerFactory.getLogger(TorchRuntime.class);
    private static volatile Engine engine;

    private TorchRuntime() {
    }

    /** Loads the PyTorch engine (offline: the native library comes from the classpath) and sets its threads. */
    public static Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (TorchRuntime.class) {
                if (engine == null) {
                    if (System.getProperty("ai.djl.offline") == null) {
                        System.setProperty("ai.djl.offline", "true");
                    }
                    int threads = configuredThreads();
                    // DJL reads these when the engine starts; set them before it does.
                    System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
                    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
                    Engine loaded = Engine.getEngine("PyTorch");
                    JniUtils.setNumThreads(threads);
                    LOG.info("PyTorch {} loaded, {} intra-op thread(s), {} GPU(s)", loaded.getVersion(), threads,
                            loaded.getGpuCount());
                    engine = loaded;
                }
                e = engine;
            }
        }
        return e;
    }

    /** Intra-op threads from {@value #THREADS_KEY} (system property first, then environment), default 1. */
    public static int configuredThreads() {
        String raw = System.getProperty(THREADS_KEY, System.getenv(THREADS_KEY));
        if (raw == null || raw.isBlank()) {
            return 1;
        }
        try {
            return Math.max(1, Integer.parseInt(raw.trim()));
        } catch (NumberFormatException ex) {
            LOG.warn("{}={} is not a number; using 1 thread", THREADS_KEY, raw);
            return 1;
        }
    }

    /** The device for {@code auto}, {@code cpu} or {@code gpu}. */
    public static Device device(String requested) {
        Engine e = engine();
        boolean hasGpu = e.getGpuCount() > 0;
        return switch (requested == null ? "auto" : requested) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (!hasGpu) {
                    throw new IllegalStateException("device gpu requested but PyTorch sees no GPU");
                }
                yield Device.gpu();
            }
            default -> hasGpu ? Device.gpu() : Device.cpu();
        };
    }

    public static boolean hasGpu() {
        return engine().getGpuCount() > 0;
    }
}
