import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Anomaly as _shardcast_v1_Anomaly, Anomaly__Output as _shardcast_v1_Anomaly__Output } from './shardcast/v1/Anomaly.js';
import type { AnomalyReport as _shardcast_v1_AnomalyReport, AnomalyReport__Output as _shardcast_v1_AnomalyReport__Output } from './shardcast/v1/AnomalyReport.js';
import type { AuctionLot as _shardcast_v1_AuctionLot, AuctionLot__Output as _shardcast_v1_AuctionLot__Output } from './shardcast/v1/AuctionLot.js';
import type { AuctionOpen as _shardcast_v1_AuctionOpen, AuctionOpen__Output as _shardcast_v1_AuctionOpen__Output } from './shardcast/v1/AuctionOpen.js';
import type { Bid as _shardcast_v1_Bid, Bid__Output as _shardcast_v1_Bid__Output } from './shardcast/v1/Bid.js';
import type { CoAccessPair as _shardcast_v1_CoAccessPair, CoAccessPair__Output as _shardcast_v1_CoAccessPair__Output } from './shardcast/v1/CoAccessPair.js';
import type { CoAccessPartner as _shardcast_v1_CoAccessPartner, CoAccessPartner__Output as _shardcast_v1_CoAccessPartner__Output } from './shardcast/v1/CoAccessPartner.js';
import type { CoordinatorClient as _shardcast_v1_CoordinatorClient, CoordinatorDefinition as _shardcast_v1_CoordinatorDefinition } from './shardcast/v1/Coordinator.js';
import type { CoordinatorMessage as _shardcast_v1_CoordinatorMessage, CoordinatorMessage__Output as _shardcast_v1_CoordinatorMessage__Output } from './shardcast/v1/CoordinatorMessage.js';
import type { ForecastSeries as _shardcast_v1_ForecastSeries, ForecastSeries__Output as _shardcast_v1_ForecastSeries__Output } from './shardcast/v1/ForecastSeries.js';
import type { GetLeaderRequest as _shardcast_v1_GetLeaderRequest, GetLeaderRequest__Output as _shardcast_v1_GetLeaderRequest__Output } from './shardcast/v1/GetLeaderRequest.js';
import type { Heartbeat as _shardcast_v1_Heartbeat, Heartbeat__Output as _shardcast_v1_Heartbeat__Output } from './shardcast/v1/Heartbeat.js';
import type { HeartbeatAck as _shardcast_v1_HeartbeatAck, HeartbeatAck__Output as _shardcast_v1_HeartbeatAck__Output } from './shardcast/v1/HeartbeatAck.js';
import type { Hello as _shardcast_v1_Hello, Hello__Output as _shardcast_v1_Hello__Output } from './shardcast/v1/Hello.js';
import type { HostMetrics as _shardcast_v1_HostMetrics, HostMetrics__Output as _shardcast_v1_HostMetrics__Output } from './shardcast/v1/HostMetrics.js';
import type { LeaderInfo as _shardcast_v1_LeaderInfo, LeaderInfo__Output as _shardcast_v1_LeaderInfo__Output } from './shardcast/v1/LeaderInfo.js';
import type { LifecycleEvent as _shardcast_v1_LifecycleEvent, LifecycleEvent__Output as _shardcast_v1_LifecycleEvent__Output } from './shardcast/v1/LifecycleEvent.js';
import type { LoadReport as _shardcast_v1_LoadReport, LoadReport__Output as _shardcast_v1_LoadReport__Output } from './shardcast/v1/LoadReport.js';
import type { LotBid as _shardcast_v1_LotBid, LotBid__Output as _shardcast_v1_LotBid__Output } from './shardcast/v1/LotBid.js';
import type { Microshard as _shardcast_v1_Microshard, Microshard__Output as _shardcast_v1_Microshard__Output } from './shardcast/v1/Microshard.js';
import type { MicroshardForecast as _shardcast_v1_MicroshardForecast, MicroshardForecast__Output as _shardcast_v1_MicroshardForecast__Output } from './shardcast/v1/MicroshardForecast.js';
import type { MicroshardLoad as _shardcast_v1_MicroshardLoad, MicroshardLoad__Output as _shardcast_v1_MicroshardLoad__Output } from './shardcast/v1/MicroshardLoad.js';
import type { Node as _shardcast_v1_Node, Node__Output as _shardcast_v1_Node__Output } from './shardcast/v1/Node.js';
import type { RouteUpdate as _shardcast_v1_RouteUpdate, RouteUpdate__Output as _shardcast_v1_RouteUpdate__Output } from './shardcast/v1/RouteUpdate.js';
import type { SidecarMessage as _shardcast_v1_SidecarMessage, SidecarMessage__Output as _shardcast_v1_SidecarMessage__Output } from './shardcast/v1/SidecarMessage.js';
import type { Welcome as _shardcast_v1_Welcome, Welcome__Output as _shardcast_v1_Welcome__Output } from './shardcast/v1/Welcome.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  shardcast: {
    v1: {
      Anomaly: MessageTypeDefinition<_shardcast_v1_Anomaly, _shardcast_v1_Anomaly__Output>
      AnomalyReport: MessageTypeDefinition<_shardcast_v1_AnomalyReport, _shardcast_v1_AnomalyReport__Output>
      AuctionLot: MessageTypeDefinition<_shardcast_v1_AuctionLot, _shardcast_v1_AuctionLot__Output>
      AuctionOpen: MessageTypeDefinition<_shardcast_v1_AuctionOpen, _shardcast_v1_AuctionOpen__Output>
      Bid: MessageTypeDefinition<_shardcast_v1_Bid, _shardcast_v1_Bid__Output>
      CoAccessPair: MessageTypeDefinition<_shardcast_v1_CoAccessPair, _shardcast_v1_CoAccessPair__Output>
      CoAccessPartner: MessageTypeDefinition<_shardcast_v1_CoAccessPartner, _shardcast_v1_CoAccessPartner__Output>
      Coordinator: SubtypeConstructor<typeof grpc.Client, _shardcast_v1_CoordinatorClient> & { service: _shardcast_v1_CoordinatorDefinition }
      CoordinatorMessage: MessageTypeDefinition<_shardcast_v1_CoordinatorMessage, _shardcast_v1_CoordinatorMessage__Output>
      ForecastSeries: MessageTypeDefinition<_shardcast_v1_ForecastSeries, _shardcast_v1_ForecastSeries__Output>
      GetLeaderRequest: MessageTypeDefinition<_shardcast_v1_GetLeaderRequest, _shardcast_v1_GetLeaderRequest__Output>
      Heartbeat: MessageTypeDefinition<_shardcast_v1_Heartbeat, _shardcast_v1_Heartbeat__Output>
      HeartbeatAck: MessageTypeDefinition<_shardcast_v1_HeartbeatAck, _shardcast_v1_HeartbeatAck__Output>
      Hello: MessageTypeDefinition<_shardcast_v1_Hello, _shardcast_v1_Hello__Output>
      HostMetrics: MessageTypeDefinition<_shardcast_v1_HostMetrics, _shardcast_v1_HostMetrics__Output>
      LeaderInfo: MessageTypeDefinition<_shardcast_v1_LeaderInfo, _shardcast_v1_LeaderInfo__Output>
      LifecycleEvent: MessageTypeDefinition<_shardcast_v1_LifecycleEvent, _shardcast_v1_LifecycleEvent__Output>
      LoadReport: MessageTypeDefinition<_shardcast_v1_LoadReport, _shardcast_v1_LoadReport__Output>
      LotBid: MessageTypeDefinition<_shardcast_v1_LotBid, _shardcast_v1_LotBid__Output>
      Microshard: MessageTypeDefinition<_shardcast_v1_Microshard, _shardcast_v1_Microshard__Output>
      MicroshardForecast: MessageTypeDefinition<_shardcast_v1_MicroshardForecast, _shardcast_v1_MicroshardForecast__Output>
      MicroshardLoad: MessageTypeDefinition<_shardcast_v1_MicroshardLoad, _shardcast_v1_MicroshardLoad__Output>
      MicroshardState: EnumTypeDefinition
      Node: MessageTypeDefinition<_shardcast_v1_Node, _shardcast_v1_Node__Output>
      RouteUpdate: MessageTypeDefinition<_shardcast_v1_RouteUpdate, _shardcast_v1_RouteUpdate__Output>
      SidecarMessage: MessageTypeDefinition<_shardcast_v1_SidecarMessage, _shardcast_v1_SidecarMessage__Output>
      Welcome: MessageTypeDefinition<_shardcast_v1_Welcome, _shardcast_v1_Welcome__Output>
    }
  }
}

