#pragma once

#include "service/SnapshotService.h"

namespace livesnap::test {

// Submits a job on `url` with the template, into the default local folder, and starts it: its
// id, or an empty string when either step was refused.
inline QString startLocalJob(SnapshotService &service, const QString &templateId,
                             const QString &name, const QString &url)
{
    JobSpec spec;
    spec.jobName = name;
    spec.templateId = templateId;
    spec.streamInput.url = url;
    spec.snapshotOutput =
        SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
    auto id = service.submitLiveSnapshotJob(spec);
    if (!id || !service.sendLiveSnapshotJobCommand(*id, QStringLiteral("start"))) {
        return QString();
    }
    return *id;
}

} // namespace livesnap::test
