#pragma once

// What the jobs-area tests share: submitting a job the way the service takes it.

#include "../../support/Await.h"
#include "UiTestSupport.h"
#include "catalog/Schema.h"

#include <QString>

namespace livesnap::uitest {

inline const QString SecretUrl = QStringLiteral("rtmp://127.0.0.1:1/live/x?auth_key=SECRET");

// Submits a job to the default local location; empty on failure (with the reason in *error).
inline QString submitJob(EngineHost &host, const QString &name,
                         const QString &url = QStringLiteral("rtmp://127.0.0.1:1/live/cam"),
                         const QString &templateId = schema::SystemRealtime10s,
                         QString *error = nullptr)
{
    JobSpec spec;
    spec.jobName = name;
    spec.templateId = templateId;
    spec.streamInput = StreamInput{QStringLiteral("rtmp"), url};
    spec.snapshotOutput =
        SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
    const auto submitted =
        callEngine(host, [spec](SnapshotService &s) { return s.submitLiveSnapshotJob(spec); });
    if (!submitted || !submitted->ok()) {
        if (error) {
            *error = submitted ? submitted->error().message : QStringLiteral("no answer");
        }
        return {};
    }
    return submitted->value();
}

// Adds a local storage location at `path`; its id, or empty when refused.
inline QString addLocalLocation(EngineHost &host, const QString &bucket, const QString &path)
{
    StorageLocation location;
    location.storageType = storage::Local;
    location.bucket = bucket;
    location.path = path;
    const auto added =
        test::awaitEngine<Result<QString>>(host, [location](SnapshotService &s, auto reply) {
            s.addStorageLocation(location, StorageCredentials(), reply);
        });
    return added && added->ok() ? added->value() : QString();
}

// The job as the catalog has it now (asked through the engine thread).
inline Result<SnapshotJob> catalogJob(EngineHost &host, const QString &jobId)
{
    auto job =
        callEngine(host, [jobId](SnapshotService &s) { return s.getLiveSnapshotJob(jobId); });
    if (!job) {
        return Error::internal(errc::InternalError, QStringLiteral("no answer"));
    }
    return *job;
}

} // namespace livesnap::uitest
