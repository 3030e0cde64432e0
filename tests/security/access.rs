//! Security, the store readable by its server alone: file modes, the socket's directory, who answers (SO_PEERCRED), liveness.
