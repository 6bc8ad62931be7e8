package dev.outcrop.cdk;

import software.amazon.awscdk.services.ec2.VpcProps;

/** A builder pre-filled with every member of the user's VpcProps, for the pattern to override its own members on top. */
final class VpcPropsCopy {
    private VpcPropsCopy() {
    }

    @SuppressWarnings("deprecation")
    static VpcProps.Builder of(VpcProps p) {
        return VpcProps.builder()
                .availabilityZones(p.getAvailabilityZones())
                .cidr(p.getCidr())
                .createInternetGateway(p.getCreateInternetGateway())
                .defaultInstanceTenancy(p.getDefaultInstanceTenancy())
                .enableDnsHostnames(p.getEnableDnsHostnames())
                .enableDnsSupport(p.getEnableDnsSupport())
                .flowLogs(p.getFlowLogs())
                .gatewayEndpoints(p.getGatewayEndpoints())
                .ipAddresses(p.getIpAddresses())
                .ipProtocol(p.getIpProtocol())
                .ipv6Addresses(p.getIpv6Addresses())
                .maxAzs(p.getMaxAzs())
                .natGatewayProvider(p.getNatGatewayProvider())
                .natGateways(p.getNatGateways())
                .natGatewaySubnets(p.getNatGatewaySubnets())
                .reservedAzs(p.getReservedAzs())
                .restrictDefaultSecurityGroup(p.getRestrictDefaultSecurityGroup())
                .subnetConfiguration(p.getSubnetConfiguration())
                .vpcName(p.getVpcName())
                .vpnConnections(p.getVpnConnections())
                .vpnGateway(p.getVpnGateway())
                .vpnGatewayAsn(p.getVpnGatewayAsn())
                .vpnRoutePropagation(p.getVpnRoutePropagation());
    }
}
