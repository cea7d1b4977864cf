// Service → pod port resolution (the Endpoints controller's FindPort) and
// whether a pod listens on an endpoint's port.
#include <gtest/gtest.h>

#include "engine/sim/service_reachability.h"

namespace kf::sim {
namespace {

Json PodWithPorts(Json ports) {
  return Json{{"spec", {{"containers", Json::array({{{"name", "app"}, {"ports", std::move(ports)}}})}}}};
}

TEST(ServiceReachability, NumericTargetPortAndDefaultToPort) {
  Json pod = PodWithPorts(Json::array({{{"name", "http"}, {"containerPort", 3000}}}));
  auto ports = ResolveEndpointPorts(Json::array({{{"name", "web"}, {"port", 80}, {"targetPort", 8080}},
                                                 {{"port", 9090}}}),
                                    pod);
  ASSERT_TRUE(ports.has_value());
  EXPECT_EQ(*ports, (Json::array({{{"name", "web"}, {"port", 8080}, {"protocol", "TCP"}},
                                  {{"port", 9090}, {"protocol", "TCP"}}})));
}

TEST(ServiceReachability, NamedTargetPortResolvesPerPod) {
  Json pod = PodWithPorts(Json::array({{{"name", "http"}, {"containerPort", 8000}}}));
  auto ports = ResolveEndpointPorts(Json::array({{{"port", 80}, {"targetPort", "http"}}}), pod);
  ASSERT_TRUE(ports.has_value());
  EXPECT_EQ((*ports)[0]["port"], 8000);
  // A pod without the named port is left out of the Endpoints.
  EXPECT_FALSE(ResolveEndpointPorts(Json::array({{{"port", 80}, {"targetPort", "grpc"}}}), pod).has_value());
}

TEST(ServiceReachability, ListensOnlyOnDeclaredPortsWhenAnyAreDeclared) {
  Json pod = PodWithPorts(Json::array({{{"containerPort", 3000}}}));
  EXPECT_TRUE(PodListensOn(pod, 3000));
  EXPECT_FALSE(PodListensOn(pod, 8080));
  Json undeclared = Json{{"spec", {{"containers", Json::array({{{"name", "app"}}})}}}};
  EXPECT_TRUE(PodListensOn(undeclared, 8080));
}

TEST(ServiceReachability, SubsetPorts) {
  EXPECT_EQ(SubsetPorts(Json{{"ports", Json::array({{{"port", 1}}, {{"port", 2}}})}}),
            (std::vector<int64_t>{1, 2}));
  EXPECT_TRUE(SubsetPorts(Json::object()).empty());
}

}  // namespace
}  // namespace kf::sim
