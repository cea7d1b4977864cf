// Sections shared by the kubectl describers (k8s.io/kubectl/pkg/describe),
// written to a TabWriter(0, 2) as kubectl's PrefixWriter does.
#pragma once

#include <string>

#include "engine/core/clock.h"
#include "engine/core/json.h"
#include "engine/tools/render/tabwriter.h"

namespace kf::render {

// "Labels:\tk=v\n\tk2=v2\n" sorted by key, "<none>" when empty.
void WriteLabels(TabWriter& w, const std::string& title, const Json& labels);
// "Annotations:\tk: v\n" sorted, skipping last-applied-configuration; long
// or multi-line values go on their own lines, shortened to 140 columns.
void WriteAnnotations(TabWriter& w, const std::string& title, const Json& annotations);
// "Tolerations:\tkey=value:Effect op=Exists for 300s" sorted by key.
void WriteTolerations(TabWriter& w, const std::string& title, const Json& tolerations);
// "Containers:" (or "Init Containers:") and each container: ids, image,
// ports, command, state (when statuses is an array), resources, probes,
// environment, mounts. `space` is "" for pods, "  " in a pod template.
// fieldRef environment values are resolved from `pod` when given.
void WriteContainers(TabWriter& w, const std::string& label, const Json& containers,
                     const Json& statuses, const std::string& space, const Json* pod);
// "Volumes:" with each volume's source.
void WriteVolumes(TabWriter& w, const Json& volumes, const std::string& space);
// "Events:" table (Type Reason Age From Message), sorted by lastTimestamp,
// or "Events:\t<none>". Flushes the writer first when there are events.
void WriteEvents(TabWriter& w, const Json& event_list, UnixMillis now);

}  // namespace kf::render
