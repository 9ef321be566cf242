// GET /health/live (the process answers) and GET /health/ready (database and Kafka reachable).
import { Controller, Get, Injectable } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Admin, Kafka } from 'kafkajs';

@Injectable()
export class KafkaHealthIndicator {
  private admin?: Admin;

  constructor(
    private readonly kafka: Kafka,
    private readonly indicators: HealthIndicatorService,
  ) {}

  check(key: string) {
    return this.indicators
      .check(key)
      .attempt(async () => {
        try {
          if (!this.admin) {
            this.admin = this.kafka.admin({ retry: { retries: 0 } });
            await this.admin.connect();
          }
          const cluster = await this.admin.describeCluster();
          return { brokers: cluster.brokers.length };
        } catch (error) {
          const admin = this.admin;
          this.admin = undefined;
          await admin?.disconnect().catch(() => undefined);
          throw error;
        }
      })
      .withTimeout(3_000);
  }

  async close(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.database.pingCheck('database').withTimeout(2_000), () => this.kafka.check('kafka')]);
  }
}
