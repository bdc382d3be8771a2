#include "pipeline/net.h"

#include "pipeline/module.h"

namespace agendapack::net {

Result<const Api*> api() {
  static const ModuleSpec kNetModule{"libagendapack_net.so", "AGENDAPACK_NET_MODULE",
#ifdef AGENDAPACK_NET_MODULE_PATH
                                     AGENDAPACK_NET_MODULE_PATH,
#else
                                     nullptr,
#endif
                                     "agendapack_net_api", "the network module"};
  auto entry = module_symbol(kNetModule);
  if (!entry) return entry.error();
  using Entry = const Api* (*)();
  return reinterpret_cast<Entry>(entry.value())();
}

}  // namespace agendapack::net
