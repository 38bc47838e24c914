import Foundation
import TestSupport

private let repository = TestPaths.repository

/// A `python3` that imports NumPy: the one on PATH, else a virtual environment under `.build/` with
/// NumPy installed from PyPI. Nil when neither works (no Python, or no network for pip).
let trainerPython: String? = {
    let environment = ProcessInfo.processInfo.environment
    func importsNumPy(_ python: String) -> Bool {
        (try? CommandRunner.run(
            "/usr/bin/env", [python, "-c", "import numpy"], in: repository, environment: environment
        ).status) == 0
    }
    if importsNumPy("python3") { return "python3" }
    let venv = "\(repository)/.build/trainer-venv"
    let python = "\(venv)/bin/python3"
    if !importsNumPy(python) {
        _ = try? CommandRunner.run(
            "/usr/bin/env", ["python3", "-m", "venv", venv], in: repository, environment: environment)
        _ = try? CommandRunner.run(
            python, ["-m", "pip", "install", "--quiet", "numpy"], in: repository, environment: environment)
    }
    return importsNumPy(python) ? python : nil
}()

